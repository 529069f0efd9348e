set terminal svg size 900,560 dynamic font 'sans,11'
set output "erff_m10_10_ulp_vs_speed.svg"
set title "erff on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:221.191]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.305188 36.8652 "eigen avx512"
0.353631 36.8652 "eigen avx2"
0.765652 3.99999 "libmvec avx512"
0.769882 1.92858 "libmvec avx2"
1.42086 2.47188 "xsimd avx512"
1.60405 2.42193 "xsimd avx2"
3.24357 1.09587 "sleef-u10 avx512"
6.41827 1.09587 "sleef-u10 avx2"
14.4077 0.967919 "glibc scalar"
EOD
$ours << EOD
0.553603 2.06153 "ulpforge (ulpforge_erff_u4) avx512"
0.577001 1.943 "ulpforge (ulpforge_erff_u2) avx512"
0.624085 0.951619 "ulpforge avx512"
0.628705 0.951619 "ulpforge (best) host"
0.773804 1.943 "ulpforge (ulpforge_erff_u2) avx2"
0.914295 2.06153 "ulpforge (ulpforge_erff_u4) avx2"
1.06847 0.951619 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
