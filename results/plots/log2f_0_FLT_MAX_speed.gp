set terminal svg size 900,560 dynamic font 'sans,11'
set output "log2f_0_FLT_MAX_speed.svg"
set title "log2f on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.231333 "libmvec avx512" 4487082
1 0.298526 "sleef-u35 avx512" 4487082
2 0.370127 "ulpforge (ulpforge_log2f_u16) avx512" 13382417
3 0.38298 "highway avx512" 4487082
4 0.391961 "ulpforge (ulpforge_log2f_u2) avx512" 13382417
5 0.41144 "ulpforge (best) host" 13382417
6 0.428723 "ulpforge avx512" 13382417
7 0.480485 "xsimd avx512" 4487082
8 0.565517 "libmvec avx2" 4487082
9 0.625695 "ulpforge (ulpforge_log2f_u2) avx2" 13382417
10 0.638388 "ulpforge (ulpforge_log2f_u16) avx2" 13382417
11 0.650222 "highway avx2" 4487082
12 0.66682 "sleef-u10 avx512" 4487082
13 0.696089 "eigen avx512" 4487082
14 0.696602 "xsimd avx2" 4487082
15 0.749463 "eigen avx2" 4487082
16 0.750426 "ulpforge avx2" 13382417
17 0.811358 "sleef-u35 avx2" 4487082
18 1.31643 "sleef-u10 avx2" 4487082
19 3.34943 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
