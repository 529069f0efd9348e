set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.169273 "sleef-u35 avx512" 4487082
1 0.195183 "highway avx512" 4487082
2 0.264957 "libmvec avx512" 4487082
3 0.283612 "eigen avx512" 4487082
4 0.327581 "libmvec avx2" 4487082
5 0.375162 "highway avx2" 4487082
6 0.379281 "sleef-u10 avx512" 4487082
7 0.380636 "sleef-u35 avx2" 4487082
8 0.38256 "ulpforge avx512" 13382417
9 0.509189 "eigen avx2" 4487082
10 0.520316 "xsimd avx512" 4487082
11 0.680447 "ulpforge avx2" 13382417
12 0.777562 "xsimd avx2" 4487082
13 0.82492 "sleef-u10 avx2" 4487082
14 1.81618 "ulpforge (best) host" 13382417
15 2.06625 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
