set terminal svg size 900,472 dynamic font 'sans,11'
set output "expf_m87.5_89_speed.svg"
set title "expf on [-87.5,89]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.229911 "eigen avx512" 4487082
1 0.266886 "ulpforge (ulpforge_expf_u4) avx512" 13382417
2 0.267935 "ulpforge avx512" 13382417
3 0.286373 "ulpforge (best) host" 13382417
4 0.320508 "sleef-u10 avx512" 4487082
5 0.347339 "xsimd avx512" 4487082
6 0.370399 "highway avx512" 4487082
7 0.400968 "ulpforge (ulpforge_expf_u4) avx2" 13382417
8 0.403362 "ulpforge avx2" 13382417
9 0.425015 "xsimd avx2" 4487082
10 0.65614 "eigen avx2" 4487082
11 0.699675 "highway avx2" 4487082
12 0.719746 "libmvec avx512" 4487082
13 0.813432 "sleef-u10 avx2" 4487082
14 0.823446 "libmvec avx2" 4487082
15 3.7678 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
