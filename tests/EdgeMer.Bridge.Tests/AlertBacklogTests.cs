using System.Text;

namespace EdgeMer.Bridge.Tests;

public sealed class AlertBacklogTests : IDisposable
{
    private readonly BridgeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Alerts_come_back_in_order_after_a_reopen_and_leave_only_when_removed()
    {
        AlertBacklog queue = AlertBacklog.Open(_folder["q"], 10);
        for (int i = 0; i < 3; i++)
        {
            queue.Enqueue("cabin-1", Encoding.ASCII.GetBytes($"{{\"n\":{i}}}"));
        }

        // A write a crash interrupted leaves a temporary file: never part of the queue.
        File.WriteAllText(Path.Combine(_folder["q"], ".00000000000000000003.alert.1.x.tmp"), "half");
        AlertBacklog reopened = AlertBacklog.Open(_folder["q"], 10);
        Assert.Equal(3, reopened.Count);
        Assert.True(reopened.TryPeek(out QueuedAlert head));
        Assert.Equal("cabin-1", head.Device);
        Assert.Equal("{\"n\":0}", Encoding.ASCII.GetString(head.Document.Span));
        Assert.True(reopened.TryPeek(out QueuedAlert again));
        Assert.Equal(head.Id, again.Id);
        reopened.Remove(head);
        Assert.True(reopened.TryPeek(out QueuedAlert next));
        Assert.Equal("{\"n\":1}", Encoding.ASCII.GetString(next.Document.Span));
        Assert.Empty(Directory.GetFiles(_folder["q"], "*.tmp"));

        // New alerts go after the ones a previous run left.
        reopened.Enqueue("cabin-2", "{\"n\":3}"u8);
        Assert.Equal(3, AlertBacklog.Open(_folder["q"], 10).Count);
    }

    [Fact]
    public void A_full_queue_drops_its_oldest_alert_for_the_new_one_and_counts_it()
    {
        AlertBacklog queue = AlertBacklog.Open(_folder["q"], 2);
        queue.Enqueue("cabin-1", "{\"n\":0}"u8);
        queue.Enqueue("cabin-1", "{\"n\":1}"u8);
        queue.Enqueue("cabin-1", "{\"n\":2}"u8);

        Assert.Equal(2, queue.Count);
        Assert.Equal(1, queue.Dropped);
        Assert.True(queue.TryPeek(out QueuedAlert head));
        Assert.Equal("{\"n\":1}", Encoding.ASCII.GetString(head.Document.Span));
    }
}
