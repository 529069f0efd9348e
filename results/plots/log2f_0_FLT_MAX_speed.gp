set terminal svg size 900,472 dynamic font 'sans,11'
set output "log2f_0_FLT_MAX_speed.svg"
set title "log2f on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.229282 "libmvec avx512" 4487082
1 0.250536 "sleef-u35 avx512" 4487082
2 0.316587 "ulpforge (ulpforge_log2f_u16) avx512" 13382417
3 0.339978 "ulpforge (ulpforge_log2f_u2) avx512" 13382417
4 0.380707 "ulpforge avx512" 13382417
5 0.393365 "ulpforge (best) host" 13382417
6 0.494186 "xsimd avx512" 4487082
7 0.51569 "libmvec avx2" 4487082
8 0.591324 "ulpforge (ulpforge_log2f_u2) avx2" 13382417
9 0.606715 "ulpforge (ulpforge_log2f_u16) avx2" 13382417
10 0.624267 "sleef-u10 avx512" 4487082
11 0.636115 "sleef-u35 avx2" 4487082
12 0.654965 "ulpforge avx2" 13382417
13 0.710068 "xsimd avx2" 4487082
14 1.25966 "sleef-u10 avx2" 4487082
15 3.38772 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
