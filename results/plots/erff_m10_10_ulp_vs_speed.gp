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
0.266001 36.8652 "eigen avx512"
0.340366 36.8652 "eigen avx2"
0.646802 1.92858 "libmvec avx2"
0.708533 3.99999 "libmvec avx512"
1.26165 2.47188 "xsimd avx512"
1.55152 2.42193 "xsimd avx2"
2.73952 1.09587 "sleef-u10 avx512"
5.88463 1.09587 "sleef-u10 avx2"
EOD
$ours << EOD
0.574399 0.951619 "ulpforge (best) host"
0.578387 0.951619 "ulpforge avx512"
0.892294 0.951619 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
