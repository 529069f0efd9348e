set terminal svg size 900,560 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_ulp_vs_speed.svg"
set title "logf on (0,FLT_MAX]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:1.25376e+07]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.309426 2.84458 "sleef-u35 avx512"
0.368545 0.903675 "highway avx512"
0.47147 3.93729 "libmvec avx512"
0.502159 0.903675 "highway avx2"
0.555891 0.834788 "xsimd avx512"
0.681261 0.628299 "sleef-u10 avx512"
0.72615 3.93729 "libmvec avx2"
0.728965 2.0896e+06 "eigen avx512"
0.788209 0.834788 "xsimd avx2"
0.805676 2.0896e+06 "eigen avx2"
1.05237 2.84458 "sleef-u35 avx2"
1.43184 0.628299 "sleef-u10 avx2"
4.4568 0.817664 "glibc scalar"
EOD
$ours << EOD
0.387002 3.66651 "ulpforge (ulpforge_logf_u4) avx512"
0.402985 0.998532 "ulpforge avx512"
0.427228 1.16917 "ulpforge (ulpforge_logf_u2) avx512"
0.46193 0.998532 "ulpforge (best) host"
0.681663 0.998532 "ulpforge avx2"
0.731025 3.66651 "ulpforge (ulpforge_logf_u4) avx2"
0.745833 1.16917 "ulpforge (ulpforge_logf_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
