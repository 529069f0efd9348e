set terminal svg size 900,516 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.342846 "highway avx512" 4487082
1 0.424117 "sleef-u35 avx512" 4487082
2 0.480991 "libmvec avx512" 4487082
3 0.520869 "highway avx2" 4487082
4 0.543815 "ulpforge avx512" 13382417
5 0.549845 "ulpforge (best) host" 13382417
6 0.558955 "eigen avx512" 4487082
7 0.582713 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
8 0.644526 "libmvec avx2" 4487082
9 0.737975 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
10 0.810557 "ulpforge avx2" 13382417
11 0.939965 "sleef-u35 avx2" 4487082
12 1.02185 "eigen avx2" 4487082
13 3.88518 "sleef-u10 avx512" 4487082
14 5.69113 "sleef-u10 avx2" 4487082
15 7.70417 "glibc scalar" 4487082
16 8.23665 "xsimd avx512" 4487082
17 9.78277 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
