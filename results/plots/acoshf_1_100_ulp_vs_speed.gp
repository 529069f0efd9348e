set terminal svg size 900,560 dynamic font 'sans,11'
set output "acoshf_1_100_ulp_vs_speed.svg"
set title "acoshf on [1,100]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:12.0011]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
2.43081 0.512131 "sleef-u10 avx512"
4.04338 0.512131 "sleef-u10 avx2"
7.64064 2.00019 "glibc scalar"
EOD
$ours << EOD
1.17081 0.935787 "ulpforge (best) host"
1.35434 0.935787 "ulpforge avx512"
1.38412 1.15797 "ulpforge (ulpforge_acoshf_u2) avx512"
1.79936 1.15797 "ulpforge (ulpforge_acoshf_u2) avx2"
1.94715 0.935787 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
