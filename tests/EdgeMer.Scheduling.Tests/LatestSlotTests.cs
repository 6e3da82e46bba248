using EdgeMer.Scheduling;

namespace EdgeMer.Scheduling.Tests;

public sealed class LatestSlotTests
{
    private sealed record Item(int Number);

    [Fact]
    public void A_slow_consumer_gets_the_latest_item_and_every_replaced_one_is_released_and_counted()
    {
        var released = new List<int>();
        using var slot = new LatestSlot<Item>(item => released.Add(item.Number));

        for (int i = 1; i <= 5; i++)
        {
            Assert.True(slot.Put(new Item(i)));
        }

        Assert.Equal(5, slot.Take(CancellationToken.None)!.Number);
        Assert.Equal([1, 2, 3, 4], released);
        Assert.Equal(4, slot.Dropped);
        Assert.Equal(5, slot.Offered);
    }

    [Fact]
    public async Task Take_waits_for_the_next_item_from_another_thread()
    {
        using var slot = new LatestSlot<Item>(_ => { });
        using var taking = new ManualResetEventSlim();

        Task<Item?> consumer = Task.Run(() =>
        {
            taking.Set();
            return slot.Take(CancellationToken.None);
        });
        taking.Wait();
        slot.Put(new Item(7));

        Assert.Equal(7, (await consumer)!.Number);
        Assert.Equal(0, slot.Dropped);
    }

    [Fact]
    public void Closing_releases_the_waiting_item_refuses_later_ones_and_wakes_the_consumer_with_null()
    {
        var released = new List<int>();
        using var slot = new LatestSlot<Item>(item => released.Add(item.Number));
        slot.Put(new Item(1));

        slot.Close();
        bool accepted = slot.Put(new Item(2));

        Assert.Null(slot.Take(CancellationToken.None));
        Assert.False(accepted);
        Assert.Equal([1, 2], released);
    }

    [Fact]
    public void A_stage_reading_another_stages_newest_output_as_it_goes_takes_it_without_waiting_or_finds_none()
    {
        var released = new List<int>();
        using var slot = new LatestSlot<Item>(item => released.Add(item.Number));

        Assert.False(slot.TryTake(out Item? none));
        Assert.Null(none);
        slot.Put(new Item(1));
        slot.Put(new Item(2));
        Assert.True(slot.TryTake(out Item? taken));
        Assert.False(slot.TryTake(out _));

        Assert.Equal(2, taken.Number);
        Assert.Equal([1], released);
        Assert.Equal(1, slot.Dropped);

        // The signal for the item taken was consumed: a waiting take sees only what comes next.
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Null(slot.Take(cancel.Token));
        slot.Put(new Item(3));
        Assert.Equal(3, slot.Take(CancellationToken.None)!.Number);
    }

    [Fact]
    public void A_cancelled_take_returns_null()
    {
        using var slot = new LatestSlot<Item>(_ => { });
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Null(slot.Take(cancel.Token));
    }
}
