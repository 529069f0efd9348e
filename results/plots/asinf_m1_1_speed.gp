set terminal svg size 900,428 dynamic font 'sans,11'
set output "asinf_m1_1_speed.svg"
set title "asinf on [-1,1]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.2862 "highway avx512" 4487082
1 0.303239 "sleef-u35 avx512" 4487082
2 0.315919 "xsimd avx512" 4487082
3 0.318506 "xsimd avx2" 4487082
4 0.40257 "ulpforge avx512" 13382417
5 0.406766 "ulpforge (best) host" 13382417
6 0.41522 "highway avx2" 4487082
7 0.421983 "libmvec avx512" 4487082
8 0.586953 "libmvec avx2" 4487082
9 0.591234 "ulpforge avx2" 13382417
10 0.620248 "sleef-u35 avx2" 4487082
11 0.812242 "sleef-u10 avx512" 4487082
12 1.14361 "sleef-u10 avx2" 4487082
13 4.95537 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
