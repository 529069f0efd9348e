set terminal svg size 900,560 dynamic font 'sans,11'
set output "expm1f_m20_88.5_ulp_vs_speed.svg"
set title "expm1f on [-20,88.5]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:2.94835e+07]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.496643 3.54822 "highway avx512"
0.584119 4.91392e+06 "xsimd avx2"
0.619119 4.91392e+06 "xsimd avx512"
0.667133 3.54822 "highway avx2"
0.783301 2.3534 "libmvec avx512"
1.35651 0.999998 "sleef-u10 avx512"
1.6497 1.6782 "libmvec avx2"
1.94685 0.999998 "sleef-u10 avx2"
14.2073 0.812797 "glibc scalar"
EOD
$ours << EOD
0.904815 0.980225 "ulpforge (best) host"
0.941212 8.61369 "ulpforge (ulpforge_expm1f_u16) avx512"
0.951303 1.15079 "ulpforge (ulpforge_expm1f_u2) avx512"
0.962354 0.980225 "ulpforge avx512"
1.17791 8.61369 "ulpforge (ulpforge_expm1f_u16) avx2"
1.23629 0.980225 "ulpforge avx2"
1.26656 1.15079 "ulpforge (ulpforge_expm1f_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
