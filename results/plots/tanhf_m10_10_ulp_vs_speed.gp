set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanhf_m10_10_ulp_vs_speed.svg"
set title "tanhf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:29.3774]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.387715 4.89624 "eigen avx512"
0.413713 4.89624 "eigen avx2"
0.456902 1.3736 "libmvec avx512"
0.554539 2.85964 "sleef-u35 avx512"
0.644541 1.34742 "xsimd avx512"
0.696206 2.85964 "highway avx512"
0.999611 2.85964 "sleef-u35 avx2"
1.00953 1.34742 "xsimd avx2"
1.10414 2.85964 "highway avx2"
1.10483 1.0265 "libmvec avx2"
1.79362 1 "sleef-u10 avx512"
2.82489 1 "sleef-u10 avx2"
15.539 2.18855 "glibc scalar"
EOD
$ours << EOD
0.540743 3.50244 "ulpforge (ulpforge_tanhf_u4) avx512"
0.575395 1.76241 "ulpforge (ulpforge_tanhf_u2) avx512"
0.611329 0.993279 "ulpforge avx512"
0.617878 0.993279 "ulpforge (best) host"
0.86163 1.76241 "ulpforge (ulpforge_tanhf_u2) avx2"
0.885463 3.50244 "ulpforge (ulpforge_tanhf_u4) avx2"
0.907276 0.993279 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
