set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_m1e4_1e4_speed.svg"
set title "tanf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.360004 "sleef-u35 avx512" 4487082
1 0.640763 "ulpforge avx512" 13382417
2 0.775856 "sleef-u35 avx2" 4487082
3 1.16277 "ulpforge avx2" 13382417
4 2.10177 "ulpforge (best) host" 13382417
5 2.34018 "libmvec avx512" 4487082
6 2.95292 "sleef-u10 avx512" 4487082
7 4.62462 "sleef-u10 avx2" 4487082
8 5.03954 "libmvec avx2" 4487082
9 7.68856 "xsimd avx512" 4487082
10 8.79721 "xsimd avx2" 4487082
11 14.2111 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
