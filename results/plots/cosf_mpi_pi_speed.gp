set terminal svg size 900,428 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.252069 "sleef-u35 avx512" 4487082
1 0.311425 "libmvec avx512" 4487082
2 0.45656 "ulpforge (best) host" 13382417
3 0.482972 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
4 0.48661 "ulpforge avx512" 13382417
5 0.556304 "libmvec avx2" 4487082
6 0.594911 "ulpforge avx2" 13382417
7 0.616201 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
8 0.635169 "sleef-u35 avx2" 4487082
9 0.686791 "sleef-u10 avx512" 4487082
10 0.710585 "xsimd avx512" 4487082
11 0.843446 "xsimd avx2" 4487082
12 1.11422 "sleef-u10 avx2" 4487082
13 3.43543 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
