set terminal svg size 900,516 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.318579 "sleef-u35 avx512" 4487082
1 0.331397 "highway avx512" 4487082
2 0.394882 "highway avx2" 4487082
3 0.434411 "libmvec avx512" 4487082
4 0.526465 "eigen avx512" 4487082
5 0.550856 "ulpforge (best) host" 13382417
6 0.559405 "libmvec avx2" 4487082
7 0.58035 "ulpforge avx512" 13382417
8 0.634702 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
9 0.689307 "sleef-u10 avx512" 4487082
10 0.711573 "eigen avx2" 4487082
11 0.736074 "ulpforge avx2" 13382417
12 0.756485 "sleef-u35 avx2" 4487082
13 0.804626 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
14 0.967168 "xsimd avx512" 4487082
15 0.985849 "xsimd avx2" 4487082
16 1.04817 "sleef-u10 avx2" 4487082
17 4.01785 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
