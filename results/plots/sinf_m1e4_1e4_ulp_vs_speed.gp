set terminal svg size 900,560 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_ulp_vs_speed.svg"
set title "sinf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:45.6217]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.267679 2.11173 "libmvec avx512"
0.278506 2.43108 "sleef-u35 avx512"
0.384006 2.11173 "libmvec avx2"
0.604144 2.43108 "sleef-u35 avx2"
2.86055 0.903588 "sleef-u10 avx512"
4.1898 0.903588 "sleef-u10 avx2"
5.30706 2.34222 "xsimd avx512"
5.82521 2.34222 "xsimd avx2"
EOD
$ours << EOD
0.491716 0.89614 "ulpforge (best) host"
0.501264 0.89614 "ulpforge avx512"
0.501757 7.60362 "ulpforge (ulpforge_sinf_u16) avx512"
0.604142 0.89614 "ulpforge avx2"
0.607422 7.60362 "ulpforge (ulpforge_sinf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
