set terminal svg size 900,516 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.303518 "sleef-u35 avx512" 4487082
1 0.353049 "highway avx512" 4487082
2 0.374728 "libmvec avx512" 4487082
3 0.459614 "libmvec avx2" 4487082
4 0.528041 "eigen avx512" 4487082
5 0.53805 "highway avx2" 4487082
6 0.547954 "ulpforge (best) host" 13382417
7 0.557513 "ulpforge avx512" 13382417
8 0.567062 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
9 0.75874 "ulpforge avx2" 13382417
10 0.798013 "sleef-u10 avx512" 4487082
11 0.856539 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
12 0.861363 "sleef-u35 avx2" 4487082
13 0.925929 "xsimd avx512" 4487082
14 1.01331 "eigen avx2" 4487082
15 1.30477 "xsimd avx2" 4487082
16 1.41712 "sleef-u10 avx2" 4487082
17 4.89008 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
