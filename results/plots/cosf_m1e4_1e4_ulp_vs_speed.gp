set terminal svg size 900,560 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_ulp_vs_speed.svg"
set title "cosf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:31.653]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.324401 2.42379 "highway avx512"
0.353836 2.49394 "sleef-u35 avx512"
0.363116 2.01369 "libmvec avx512"
0.42163 2.42379 "highway avx2"
0.438868 1.47995 "eigen avx512"
0.641074 2.01369 "libmvec avx2"
0.755619 1.47995 "eigen avx2"
0.887123 2.49394 "sleef-u35 avx2"
3.51453 0.936156 "sleef-u10 avx512"
5.66977 2.33754 "xsimd avx512"
5.81456 0.936156 "sleef-u10 avx2"
5.82141 0.560678 "glibc scalar"
7.74036 2.33754 "xsimd avx2"
EOD
$ours << EOD
0.516816 5.27549 "ulpforge (ulpforge_cosf_u16) avx512"
0.523407 0.862063 "ulpforge (best) host"
0.549182 0.862063 "ulpforge avx512"
0.682717 0.862063 "ulpforge avx2"
0.81685 5.27549 "ulpforge (ulpforge_cosf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
