set terminal svg size 900,472 dynamic font 'sans,11'
set output "erfcf_m10_10_speed.svg"
set title "erfcf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.917778 "libmvec avx2" 4487082
1 1.09832 "libmvec avx512" 4487082
2 1.12361 "xsimd avx512" 4487082
3 1.23729 "xsimd avx2" 4487082
4 3.31985 "ulpforge (ulpforge_erfcf_u16) avx512" 13382417
5 3.3601 "ulpforge (ulpforge_erfcf_u2) avx512" 13382417
6 3.39595 "ulpforge (ulpforge_erfcf_u4) avx512" 13382417
7 3.61709 "ulpforge avx512" 13382417
8 3.63761 "ulpforge (best) host" 13382417
9 4.32009 "sleef-u15 avx512" 4487082
10 5.51373 "ulpforge (ulpforge_erfcf_u2) avx2" 13382417
11 5.55665 "ulpforge (ulpforge_erfcf_u4) avx2" 13382417
12 5.57662 "ulpforge (ulpforge_erfcf_u16) avx2" 13382417
13 5.85105 "ulpforge avx2" 13382417
14 7.5429 "sleef-u15 avx2" 4487082
15 16.3545 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
