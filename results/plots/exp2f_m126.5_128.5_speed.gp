set terminal svg size 900,472 dynamic font 'sans,11'
set output "exp2f_m126.5_128.5_speed.svg"
set title "exp2f on [-126.5,128.5]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.210372 "ulpforge (ulpforge_exp2f_u4) avx512" 13382417
1 0.219733 "ulpforge (ulpforge_exp2f_u2) avx512" 13382417
2 0.227937 "sleef-u10 avx512" 4487082
3 0.240826 "ulpforge (best) host" 13382417
4 0.243357 "ulpforge avx512" 13382417
5 0.246661 "sleef-u35 avx512" 4487082
6 0.261019 "xsimd avx2" 4487082
7 0.280893 "xsimd avx512" 4487082
8 0.287802 "ulpforge (ulpforge_exp2f_u4) avx2" 13382417
9 0.291833 "ulpforge (ulpforge_exp2f_u2) avx2" 13382417
10 0.328072 "ulpforge avx2" 13382417
11 0.403397 "libmvec avx512" 4487082
12 0.477146 "sleef-u35 avx2" 4487082
13 0.488286 "sleef-u10 avx2" 4487082
14 0.555347 "libmvec avx2" 4487082
15 3.32822 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
