set terminal svg size 900,472 dynamic font 'sans,11'
set output "log10f_0_FLT_MAX_speed.svg"
set title "log10f on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.254798 "libmvec avx512" 4487082
1 0.402279 "ulpforge (ulpforge_log10f_u4) avx512" 13382417
2 0.408331 "highway avx512" 4487082
3 0.421024 "ulpforge (ulpforge_log10f_u2) avx512" 13382417
4 0.467141 "ulpforge avx512" 13382417
5 0.553445 "highway avx2" 4487082
6 0.556493 "ulpforge (best) host" 13382417
7 0.640486 "ulpforge (ulpforge_log10f_u4) avx2" 13382417
8 0.655636 "sleef-u10 avx512" 4487082
9 0.692922 "ulpforge (ulpforge_log10f_u2) avx2" 13382417
10 0.708404 "xsimd avx512" 4487082
11 0.785593 "ulpforge avx2" 13382417
12 0.844931 "libmvec avx2" 4487082
13 0.895189 "xsimd avx2" 4487082
14 1.37599 "sleef-u10 avx2" 4487082
15 7.13931 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
