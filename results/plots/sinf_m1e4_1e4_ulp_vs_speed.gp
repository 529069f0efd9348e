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
0.202937 2.44421 "highway avx512"
0.215427 2.43108 "sleef-u35 avx512"
0.239795 2.11173 "libmvec avx512"
0.32331 2.11173 "libmvec avx2"
0.325937 1.49469 "eigen avx512"
0.358723 2.44421 "highway avx2"
0.493076 2.43108 "sleef-u35 avx2"
0.497113 1.49469 "eigen avx2"
2.03593 0.903588 "sleef-u10 avx512"
3.38963 0.903588 "sleef-u10 avx2"
3.65572 0.560697 "glibc scalar"
6.04059 2.34222 "xsimd avx2"
6.12357 2.34222 "xsimd avx512"
EOD
$ours << EOD
0.34975 0.92567 "ulpforge (best) host"
0.441964 0.92567 "ulpforge avx512"
0.69716 0.92567 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
