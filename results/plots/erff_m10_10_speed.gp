set terminal svg size 900,384 dynamic font 'sans,11'
set output "erff_m10_10_speed.svg"
set title "erff on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.266001 "eigen avx512" 4487082
1 0.340366 "eigen avx2" 4487082
2 0.574399 "ulpforge (best) host" 13382417
3 0.578387 "ulpforge avx512" 13382417
4 0.646802 "libmvec avx2" 4487082
5 0.708533 "libmvec avx512" 4487082
6 0.892294 "ulpforge avx2" 13382417
7 1.26165 "xsimd avx512" 4487082
8 1.55152 "xsimd avx2" 4487082
9 2.73952 "sleef-u10 avx512" 4487082
10 5.88463 "sleef-u10 avx2" 4487082
11 9.65973 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
