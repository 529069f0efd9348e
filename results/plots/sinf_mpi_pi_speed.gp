set terminal svg size 900,516 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.268579 "sleef-u35 avx512" 4487082
1 0.308813 "highway avx512" 4487082
2 0.428417 "libmvec avx512" 4487082
3 0.444071 "highway avx2" 4487082
4 0.470855 "eigen avx512" 4487082
5 0.479296 "libmvec avx2" 4487082
6 0.500161 "ulpforge (best) host" 13382417
7 0.505242 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
8 0.517703 "ulpforge avx512" 13382417
9 0.623827 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
10 0.644195 "sleef-u10 avx512" 4487082
11 0.66421 "ulpforge avx2" 13382417
12 0.689323 "sleef-u35 avx2" 4487082
13 0.80698 "eigen avx2" 4487082
14 0.931598 "xsimd avx512" 4487082
15 1.11879 "sleef-u10 avx2" 4487082
16 1.16744 "xsimd avx2" 4487082
17 4.11357 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
