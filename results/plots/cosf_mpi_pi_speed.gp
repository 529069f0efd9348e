set terminal svg size 900,516 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.279445 "sleef-u35 avx512" 4487082
1 0.358727 "highway avx512" 4487082
2 0.370818 "libmvec avx512" 4487082
3 0.469472 "eigen avx512" 4487082
4 0.4815 "highway avx2" 4487082
5 0.488464 "ulpforge (best) host" 13382417
6 0.491464 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
7 0.495273 "libmvec avx2" 4487082
8 0.525401 "ulpforge avx512" 13382417
9 0.681409 "ulpforge avx2" 13382417
10 0.761824 "sleef-u10 avx512" 4487082
11 0.767726 "sleef-u35 avx2" 4487082
12 0.778853 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
13 0.794369 "eigen avx2" 4487082
14 0.879958 "xsimd avx512" 4487082
15 1.15302 "xsimd avx2" 4487082
16 1.17966 "sleef-u10 avx2" 4487082
17 3.9433 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
