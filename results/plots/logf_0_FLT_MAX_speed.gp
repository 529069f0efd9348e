set terminal svg size 900,472 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_speed.svg"
set title "logf on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.305144 "sleef-u35 avx512" 4487082
1 0.344185 "ulpforge (ulpforge_logf_u4) avx512" 13382417
2 0.388269 "ulpforge (ulpforge_logf_u2) avx512" 13382417
3 0.403686 "ulpforge avx512" 13382417
4 0.474304 "ulpforge (best) host" 13382417
5 0.539261 "libmvec avx2" 4487082
6 0.562604 "xsimd avx512" 4487082
7 0.599839 "ulpforge (ulpforge_logf_u4) avx2" 13382417
8 0.611367 "libmvec avx512" 4487082
9 0.638306 "sleef-u10 avx512" 4487082
10 0.658028 "ulpforge avx2" 13382417
11 0.716578 "xsimd avx2" 4487082
12 0.802533 "sleef-u35 avx2" 4487082
13 0.831575 "ulpforge (ulpforge_logf_u2) avx2" 13382417
14 1.18188 "sleef-u10 avx2" 4487082
15 3.63792 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
