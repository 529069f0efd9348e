set terminal svg size 900,472 dynamic font 'sans,11'
set output "erff_m10_10_speed.svg"
set title "erff on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.305188 "eigen avx512" 4487082
1 0.353631 "eigen avx2" 4487082
2 0.553603 "ulpforge (ulpforge_erff_u4) avx512" 13382417
3 0.577001 "ulpforge (ulpforge_erff_u2) avx512" 13382417
4 0.624085 "ulpforge avx512" 13382417
5 0.628705 "ulpforge (best) host" 13382417
6 0.765652 "libmvec avx512" 4487082
7 0.769882 "libmvec avx2" 4487082
8 0.773804 "ulpforge (ulpforge_erff_u2) avx2" 13382417
9 0.914295 "ulpforge (ulpforge_erff_u4) avx2" 13382417
10 1.06847 "ulpforge avx2" 13382417
11 1.42086 "xsimd avx512" 4487082
12 1.60405 "xsimd avx2" 4487082
13 3.24357 "sleef-u10 avx512" 4487082
14 6.41827 "sleef-u10 avx2" 4487082
15 14.4077 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
