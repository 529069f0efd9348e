set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.192381 "sleef-u35 avx512" 4487082
1 0.207311 "highway avx512" 4487082
2 0.261119 "libmvec avx512" 4487082
3 0.287693 "eigen avx512" 4487082
4 0.328286 "libmvec avx2" 4487082
5 0.359144 "ulpforge avx512" 13382417
6 0.386383 "highway avx2" 4487082
7 0.420785 "sleef-u35 avx2" 4487082
8 0.486422 "sleef-u10 avx512" 4487082
9 0.491332 "eigen avx2" 4487082
10 0.534466 "xsimd avx512" 4487082
11 0.686701 "ulpforge avx2" 13382417
12 0.726381 "xsimd avx2" 4487082
13 1.00712 "sleef-u10 avx2" 4487082
14 1.73504 "ulpforge (best) host" 13382417
15 2.09701 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
