set terminal svg size 900,384 dynamic font 'sans,11'
set output "exp10f_m37.5_38.5_speed.svg"
set title "exp10f on [-37.5,38.5]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.299572 "ulpforge avx512" 13382417
1 0.318893 "ulpforge (best) host" 13382417
2 0.336636 "sleef-u35 avx512" 4487082
3 0.38561 "xsimd avx2" 4487082
4 0.402103 "xsimd avx512" 4487082
5 0.481236 "ulpforge avx2" 13382417
6 0.496176 "libmvec avx512" 4487082
7 0.530429 "sleef-u10 avx512" 4487082
8 0.644823 "sleef-u35 avx2" 4487082
9 0.935666 "libmvec avx2" 4487082
10 1.21349 "sleef-u10 avx2" 4487082
11 4.2857 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
