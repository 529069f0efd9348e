set terminal svg size 900,560 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_ulp_vs_speed.svg"
set title "sinf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.6653]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.613083 2.44421 "highway avx2"
0.641799 2.11173 "libmvec avx2"
0.915015 2.43108 "sleef-u35 avx2"
1.14508 1.49469 "eigen avx2"
6.03708 0.903588 "sleef-u10 avx2"
6.34295 0.560697 "glibc scalar"
12.3224 2.34222 "xsimd avx2"
EOD
$ours << EOD
0.806911 0.92567 "ulpforge avx2"
4.50606 0.92567 "ulpforge (best) host"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
