set terminal svg size 900,472 dynamic font 'sans,11'
set output "expf_m87.5_89_speed.svg"
set title "expf on [-87.5,89]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.219697 "eigen avx512" 4487082
1 0.260401 "ulpforge avx512" 13382417
2 0.263021 "ulpforge (ulpforge_expf_u4) avx512" 13382417
3 0.271706 "ulpforge (best) host" 13382417
4 0.306334 "sleef-u10 avx512" 4487082
5 0.322109 "xsimd avx512" 4487082
6 0.352681 "highway avx512" 4487082
7 0.355807 "ulpforge (ulpforge_expf_u4) avx2" 13382417
8 0.372165 "ulpforge avx2" 13382417
9 0.374074 "xsimd avx2" 4487082
10 0.592503 "eigen avx2" 4487082
11 0.628255 "highway avx2" 4487082
12 0.692638 "libmvec avx512" 4487082
13 0.776591 "sleef-u10 avx2" 4487082
14 0.81182 "libmvec avx2" 4487082
15 3.71044 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
