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
0.342846 2.44421 "highway avx512"
0.424117 2.43108 "sleef-u35 avx512"
0.480991 2.11173 "libmvec avx512"
0.520869 2.44421 "highway avx2"
0.558955 1.49469 "eigen avx512"
0.644526 2.11173 "libmvec avx2"
0.939965 2.43108 "sleef-u35 avx2"
1.02185 1.49469 "eigen avx2"
3.88518 0.903588 "sleef-u10 avx512"
5.69113 0.903588 "sleef-u10 avx2"
7.70417 0.560697 "glibc scalar"
8.23665 2.34222 "xsimd avx512"
9.78277 2.34222 "xsimd avx2"
EOD
$ours << EOD
0.543815 0.89614 "ulpforge avx512"
0.549845 0.89614 "ulpforge (best) host"
0.582713 7.60362 "ulpforge (ulpforge_sinf_u16) avx512"
0.737975 7.60362 "ulpforge (ulpforge_sinf_u16) avx2"
0.810557 0.89614 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
