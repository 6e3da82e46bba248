// The steady-state tests (face and voice) count the bytes their own thread allocates. With the other
// collections running beside them (espeak-ng renderings, large FFTs), they saw 248-byte steps on
// frames and chunks that allocate nothing when run alone; on two cores parallel collections gain
// little, so this assembly runs its collections one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
