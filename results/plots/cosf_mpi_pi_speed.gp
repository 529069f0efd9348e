set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.200467 "highway avx512" 4487082
1 0.213111 "sleef-u35 avx512" 4487082
2 0.275734 "libmvec avx512" 4487082
3 0.295518 "eigen avx512" 4487082
4 0.316103 "ulpforge (best) host" 13382417
5 0.351895 "ulpforge avx512" 13382417
6 0.383705 "libmvec avx2" 4487082
7 0.39552 "highway avx2" 4487082
8 0.476865 "sleef-u35 avx2" 4487082
9 0.503465 "sleef-u10 avx512" 4487082
10 0.540856 "xsimd avx512" 4487082
11 0.562914 "eigen avx2" 4487082
12 0.665017 "ulpforge avx2" 13382417
13 0.797614 "xsimd avx2" 4487082
14 1.06013 "sleef-u10 avx2" 4487082
15 2.48125 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
