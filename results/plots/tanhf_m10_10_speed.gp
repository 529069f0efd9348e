set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanhf_m10_10_speed.svg"
set title "tanhf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.387715 "eigen avx512" 4487082
1 0.413713 "eigen avx2" 4487082
2 0.456902 "libmvec avx512" 4487082
3 0.540743 "ulpforge (ulpforge_tanhf_u4) avx512" 13382417
4 0.554539 "sleef-u35 avx512" 4487082
5 0.575395 "ulpforge (ulpforge_tanhf_u2) avx512" 13382417
6 0.611329 "ulpforge avx512" 13382417
7 0.617878 "ulpforge (best) host" 13382417
8 0.644541 "xsimd avx512" 4487082
9 0.696206 "highway avx512" 4487082
10 0.86163 "ulpforge (ulpforge_tanhf_u2) avx2" 13382417
11 0.885463 "ulpforge (ulpforge_tanhf_u4) avx2" 13382417
12 0.907276 "ulpforge avx2" 13382417
13 0.999611 "sleef-u35 avx2" 4487082
14 1.00953 "xsimd avx2" 4487082
15 1.10414 "highway avx2" 4487082
16 1.10483 "libmvec avx2" 4487082
17 1.79362 "sleef-u10 avx512" 4487082
18 2.82489 "sleef-u10 avx2" 4487082
19 15.539 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
