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
0.191208 2.44421 "highway avx512"
0.20231 2.43108 "sleef-u35 avx512"
0.261089 2.11173 "libmvec avx512"
0.282215 1.49469 "eigen avx512"
0.328803 2.11173 "libmvec avx2"
0.372529 2.44421 "highway avx2"
0.450937 2.43108 "sleef-u35 avx2"
0.506191 1.49469 "eigen avx2"
2.14239 0.903588 "sleef-u10 avx512"
3.55297 0.903588 "sleef-u10 avx2"
3.84505 0.560697 "glibc scalar"
5.30796 2.34222 "xsimd avx512"
6.1756 2.34222 "xsimd avx2"
EOD
$ours << EOD
0.383395 0.92567 "ulpforge avx512"
0.682188 0.92567 "ulpforge avx2"
1.79964 0.92567 "ulpforge (best) host"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
