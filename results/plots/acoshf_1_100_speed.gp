set terminal svg size 900,428 dynamic font 'sans,11'
set output "acoshf_1_100_speed.svg"
set title "acoshf on [1,100]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.863039 "libmvec avx512" 4487082
1 0.868474 "highway avx512" 4487082
2 1.03258 "xsimd avx512" 4487082
3 1.17081 "ulpforge (best) host" 13382417
4 1.19601 "highway avx2" 4487082
5 1.35434 "ulpforge avx512" 13382417
6 1.38412 "ulpforge (ulpforge_acoshf_u2) avx512" 13382417
7 1.40037 "libmvec avx2" 4487082
8 1.66683 "xsimd avx2" 4487082
9 1.79936 "ulpforge (ulpforge_acoshf_u2) avx2" 13382417
10 1.94715 "ulpforge avx2" 13382417
11 2.43081 "sleef-u10 avx512" 4487082
12 4.04338 "sleef-u10 avx2" 4487082
13 7.64064 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
