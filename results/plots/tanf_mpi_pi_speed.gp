set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_mpi_pi_speed.svg"
set title "tanf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.211901 "sleef-u35 avx512" 4487082
1 0.266303 "libmvec avx512" 4487082
2 0.425513 "libmvec avx2" 4487082
3 0.458154 "sleef-u35 avx2" 4487082
4 0.479772 "ulpforge (best) host" 13382417
5 0.512087 "xsimd avx2" 4487082
6 0.51334 "ulpforge avx512" 13382417
7 0.556088 "xsimd avx512" 4487082
8 0.754011 "sleef-u10 avx512" 4487082
9 1.01829 "ulpforge avx2" 13382417
10 1.5486 "sleef-u10 avx2" 4487082
11 9.62466 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
