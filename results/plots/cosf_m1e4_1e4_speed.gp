set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.55253 "libmvec avx2" 4487082
1 0.56002 "highway avx2" 4487082
2 0.963435 "ulpforge avx2" 13382417
3 1.03589 "eigen avx2" 4487082
4 1.12662 "sleef-u35 avx2" 4487082
5 4.51297 "ulpforge (best) host" 13382417
6 5.91125 "glibc scalar" 4487082
7 6.66358 "sleef-u10 avx2" 4487082
8 11.3416 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
