set terminal svg size 900,340 dynamic font 'sans,11'
set output "erff_m10_10_speed.svg"
set title "erff on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:9.6]
set xrange [0:*]
$d << EOD
0 0.57378 "libmvec avx2" 4487082
1 0.57667 "ulpforge avx512" 13382417
2 0.586796 "ulpforge (best) host" 13382417
3 0.782268 "ulpforge avx2" 13382417
4 0.823907 "libmvec avx512" 4487082
5 1.21858 "xsimd avx512" 4487082
6 1.33224 "xsimd avx2" 4487082
7 3.03634 "sleef-u10 avx512" 4487082
8 5.69259 "sleef-u10 avx2" 4487082
9 8.01517 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
