set terminal svg size 900,560 dynamic font 'sans,11'
set output "log1pf_m0.5_1_ulp_vs_speed.svg"
set title "log1pf on [-0.5,1]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:20.774]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.35342 2.46924 "highway avx512"
0.455012 1.95729 "libmvec avx512"
0.535506 0.863005 "xsimd avx512"
0.550175 2.46924 "highway avx2"
0.809914 0.836213 "xsimd avx2"
0.816798 1 "sleef-u10 avx512"
0.824546 1.95729 "libmvec avx2"
1.2112 1 "sleef-u10 avx2"
8.04381 1.29328 "glibc scalar"
EOD
$ours << EOD
0.647662 3.46233 "ulpforge (ulpforge_log1pf_u4) avx512"
0.669891 1.23474 "ulpforge (ulpforge_log1pf_u2) avx512"
0.733403 0.951378 "ulpforge avx512"
0.773745 0.951378 "ulpforge (best) host"
1.06662 3.46233 "ulpforge (ulpforge_log1pf_u4) avx2"
1.14257 0.951378 "ulpforge avx2"
1.19989 1.23474 "ulpforge (ulpforge_log1pf_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
