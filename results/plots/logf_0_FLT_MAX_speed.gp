set terminal svg size 900,560 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_speed.svg"
set title "logf on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.309426 "sleef-u35 avx512" 4487082
1 0.368545 "highway avx512" 4487082
2 0.387002 "ulpforge (ulpforge_logf_u4) avx512" 13382417
3 0.402985 "ulpforge avx512" 13382417
4 0.427228 "ulpforge (ulpforge_logf_u2) avx512" 13382417
5 0.46193 "ulpforge (best) host" 13382417
6 0.47147 "libmvec avx512" 4487082
7 0.502159 "highway avx2" 4487082
8 0.555891 "xsimd avx512" 4487082
9 0.681261 "sleef-u10 avx512" 4487082
10 0.681663 "ulpforge avx2" 13382417
11 0.72615 "libmvec avx2" 4487082
12 0.728965 "eigen avx512" 4487082
13 0.731025 "ulpforge (ulpforge_logf_u4) avx2" 13382417
14 0.745833 "ulpforge (ulpforge_logf_u2) avx2" 13382417
15 0.788209 "xsimd avx2" 4487082
16 0.805676 "eigen avx2" 4487082
17 1.05237 "sleef-u35 avx2" 4487082
18 1.43184 "sleef-u10 avx2" 4487082
19 4.4568 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
