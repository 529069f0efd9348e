set terminal svg size 900,384 dynamic font 'sans,11'
set output "exp2f_m126.5_128.5_speed.svg"
set title "exp2f on [-126.5,128.5]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.225501 "sleef-u10 avx512" 4487082
1 0.246065 "sleef-u35 avx512" 4487082
2 0.248258 "xsimd avx512" 4487082
3 0.261734 "xsimd avx2" 4487082
4 0.330468 "ulpforge (best) host" 13382417
5 0.333447 "ulpforge avx512" 13382417
6 0.390074 "libmvec avx512" 4487082
7 0.42887 "ulpforge avx2" 13382417
8 0.445103 "sleef-u35 avx2" 4487082
9 0.451229 "sleef-u10 avx2" 4487082
10 0.463176 "libmvec avx2" 4487082
11 3.02136 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
