set terminal svg size 900,560 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_ulp_vs_speed.svg"
set title "cosf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.9637]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.196438 2.42379 "highway avx512"
0.204328 2.49394 "sleef-u35 avx512"
0.237703 2.01369 "libmvec avx512"
0.270197 1.47995 "eigen avx512"
0.328957 2.01369 "libmvec avx2"
0.381647 2.42379 "highway avx2"
0.481982 2.49394 "sleef-u35 avx2"
0.48989 1.47995 "eigen avx2"
2.12605 0.936156 "sleef-u10 avx512"
3.43981 0.936156 "sleef-u10 avx2"
3.95451 0.560678 "glibc scalar"
5.07281 2.33754 "xsimd avx512"
5.78227 2.33754 "xsimd avx2"
EOD
$ours << EOD
0.30512 0.893927 "ulpforge (best) host"
0.341824 0.893927 "ulpforge avx512"
0.655833 0.893927 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
