namespace EdgeMer.Quantization.Pruning;

/// <summary>Solving the small symmetric positive definite systems of the least-squares reconstructions, by Cholesky.</summary>
internal static class CholeskySolver
{
    /// <summary>The Cholesky factor L of a symmetric positive definite n×n matrix, in place (lower triangle); false when it is not positive definite.</summary>
    public static bool Factor(double[] a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[(j * n) + j];
            for (int p = 0; p < j; p++)
            {
                d -= a[(j * n) + p] * a[(j * n) + p];
            }

            if (!(d > 0))
            {
                return false;
            }

            a[(j * n) + j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                double v = a[(i * n) + j];
                for (int p = 0; p < j; p++)
                {
                    v -= a[(i * n) + p] * a[(j * n) + p];
                }

                a[(i * n) + j] = v / a[(j * n) + j];
            }
        }

        return true;
    }

    /// <summary>Solves L Lᵀ x = b with the factor from <see cref="Factor"/>, in place.</summary>
    public static void Solve(double[] l, int n, double[] b)
    {
        for (int i = 0; i < n; i++)
        {
            double v = b[i];
            for (int p = 0; p < i; p++)
            {
                v -= l[(i * n) + p] * b[p];
            }

            b[i] = v / l[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double v = b[i];
            for (int p = i + 1; p < n; p++)
            {
                v -= l[(p * n) + i] * b[p];
            }

            b[i] = v / l[(i * n) + i];
        }
    }
}
