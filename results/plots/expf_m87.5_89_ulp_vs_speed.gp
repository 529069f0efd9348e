set terminal svg size 900,560 dynamic font 'sans,11'
set output "expf_m87.5_89_ulp_vs_speed.svg"
set title "expf on [-87.5,89]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:2.94841e+07]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.229911 4.91392e+06 "eigen avx512"
0.320508 0.987591 "sleef-u10 avx512"
0.347339 4.91401e+06 "xsimd avx512"
0.370399 1.03155 "highway avx512"
0.425015 4.91401e+06 "xsimd avx2"
0.65614 1.27557 "eigen avx2"
0.699675 1.03155 "highway avx2"
0.719746 2.6374 "libmvec avx512"
0.813432 0.987591 "sleef-u10 avx2"
0.823446 2.6374 "libmvec avx2"
3.7678 0.501637 "glibc scalar"
EOD
$ours << EOD
0.266886 2.46186 "ulpforge (ulpforge_expf_u4) avx512"
0.267935 0.983783 "ulpforge avx512"
0.286373 0.983783 "ulpforge (best) host"
0.400968 2.46186 "ulpforge (ulpforge_expf_u4) avx2"
0.403362 0.983783 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle
