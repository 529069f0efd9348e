set terminal svg size 900,428 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.301943 "sleef-u35 avx512" 4487082
1 0.312404 "libmvec avx512" 4487082
2 0.426809 "libmvec avx2" 4487082
3 0.472487 "ulpforge (best) host" 13382417
4 0.474969 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
5 0.483479 "ulpforge avx512" 13382417
6 0.58581 "ulpforge avx2" 13382417
7 0.586944 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
8 0.655564 "sleef-u35 avx2" 4487082
9 2.95113 "sleef-u10 avx512" 4487082
10 3.79347 "sleef-u10 avx2" 4487082
11 4.73561 "glibc scalar" 4487082
12 5.07612 "xsimd avx512" 4487082
13 6.42175 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
