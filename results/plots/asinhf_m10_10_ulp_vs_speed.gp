set terminal svg size 900,560 dynamic font 'sans,11'
set output "asinhf_m10_10_ulp_vs_speed.svg"
set title "asinhf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:44.8982]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
2.55011 1 "sleef-u10 avx512"
4.54252 1 "sleef-u10 avx2"
9.07566 1.77808 "glibc scalar"
EOD
$ours << EOD
1.25238 0.789392 "ulpforge (best) host"
1.32073 1.94543 "ulpforge (ulpforge_asinhf_u2) avx512"
1.34846 7.48304 "ulpforge (ulpforge_asinhf_u16) avx512"
1.45879 0.789392 "ulpforge avx512"
1.90301 7.48304 "ulpforge (ulpforge_asinhf_u16) avx2"
1.91327 1.94543 "ulpforge (ulpforge_asinhf_u2) avx2"
2.27677 0.789392 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
