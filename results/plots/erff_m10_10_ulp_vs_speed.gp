set terminal svg size 900,560 dynamic font 'sans,11'
set output "erff_m10_10_ulp_vs_speed.svg"
set title "erff on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.5316]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.641311 1.92858 "libmvec avx2"
1.63936 2.42193 "xsimd avx2"
6.57897 1.09587 "sleef-u10 avx2"
EOD
$ours << EOD
0.833679 0.951619 "ulpforge avx2"
1.04475 0.951619 "ulpforge (best) host"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
