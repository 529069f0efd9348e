set terminal svg size 900,472 dynamic font 'sans,11'
set output "expm1f_m20_88.5_speed.svg"
set title "expm1f on [-20,88.5]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.496643 "highway avx512" 4487082
1 0.584119 "xsimd avx2" 4487082
2 0.619119 "xsimd avx512" 4487082
3 0.667133 "highway avx2" 4487082
4 0.783301 "libmvec avx512" 4487082
5 0.904815 "ulpforge (best) host" 13382417
6 0.941212 "ulpforge (ulpforge_expm1f_u16) avx512" 13382417
7 0.951303 "ulpforge (ulpforge_expm1f_u2) avx512" 13382417
8 0.962354 "ulpforge avx512" 13382417
9 1.17791 "ulpforge (ulpforge_expm1f_u16) avx2" 13382417
10 1.23629 "ulpforge avx2" 13382417
11 1.26656 "ulpforge (ulpforge_expm1f_u2) avx2" 13382417
12 1.35651 "sleef-u10 avx512" 4487082
13 1.6497 "libmvec avx2" 4487082
14 1.94685 "sleef-u10 avx2" 4487082
15 14.2073 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
