set terminal svg size 900,318 dynamic font 'sans,11'
set output "sincosf_m1e4_1e4_speed.svg"
set title "sincosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:8.6]
set xrange [0:*]
$d << EOD
0 0.466997 "sleef-u35 avx512" 4487082
1 0.633488 "ulpforge avx512" 13382417
2 0.960426 "sleef-u35 avx2" 4487082
3 1.12414 "ulpforge avx2" 13382417
4 2.92164 "sleef-u10 avx512" 4487082
5 3.98987 "sleef-u10 avx2" 4487082
6 7.11353 "glibc scalar" 4487082
7 7.48491 "xsimd avx512" 4487082
8 8.70918 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
