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
0.201776 2.42379 "highway avx512"
0.211235 2.49394 "sleef-u35 avx512"
0.230571 2.01369 "libmvec avx512"
0.290333 1.47995 "eigen avx512"
0.328767 2.01369 "libmvec avx2"
0.407002 2.42379 "highway avx2"
0.494506 2.49394 "sleef-u35 avx2"
0.510612 1.47995 "eigen avx2"
2.20858 0.936156 "sleef-u10 avx512"
3.48544 0.936156 "sleef-u10 avx2"
3.80569 0.560678 "glibc scalar"
5.20373 2.33754 "xsimd avx512"
6.19372 2.33754 "xsimd avx2"
EOD
$ours << EOD
0.439119 0.893927 "ulpforge avx512"
0.670004 0.893927 "ulpforge avx2"
1.72455 0.893927 "ulpforge (best) host"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
