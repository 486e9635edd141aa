namespace Tessera.Tool.Output;

/// <summary>
/// Draws history as git's <c>log --graph</c> does: one lane per line of descent, <c>*</c> for a
/// commit, and <c>\</c> / <c>/</c> rows where lanes fork at merges and join at common parents.
/// Commits must come children first (the order of <see cref="CommitLog.Query"/>).
/// </summary>
internal sealed class CommitGraph
{
    private List<ObjectId> lanes = [];

    /// <summary>The commit's own row (its <c>*</c>), and the connector row after it when lanes fork or join.</summary>
    public (Row Commit, Row? After) Next(Commit commit)
    {
        if (!this.lanes.Contains(commit.Id))
            this.lanes.Add(commit.Id);
        int lane = this.lanes.IndexOf(commit.Id);
        var cells = new char[this.lanes.Count * 2];
        Array.Fill(cells, ' ');
        for (int i = 0; i < this.lanes.Count; i++)
            cells[2 * i] = i == lane ? '*' : '|';

        // The lane continues with the first parent; a merge's other parents fork lanes beside it. A parent
        // another lane already waits for is not duplicated: this lane joins that one instead.
        var next = this.lanes.ToList();
        next.RemoveAt(lane);
        int insertAt = lane;
        foreach (var parent in commit.Parents.Where(p => !next.Contains(p)))
            next.Insert(insertAt++, parent);
        var after = Connect(this.lanes, next, commit.Id, commit.Parents);
        this.lanes = next;
        return (new Row(cells), after.HasDiagonals ? after : null);
    }

    /// <summary>A connector row from one lane layout to the next: each lane goes to where its commit sits next.</summary>
    private static Row Connect(List<ObjectId> from, List<ObjectId> to, ObjectId moving, IReadOnlyList<ObjectId> targets)
    {
        var cells = new char[Math.Max(from.Count, to.Count) * 2];
        Array.Fill(cells, ' ');
        for (int i = 0; i < from.Count; i++)
        {
            var destinations = from[i] == moving ? targets.Select(t => to.IndexOf(t)) : [to.IndexOf(from[i])];
            foreach (int j in destinations.Where(j => j >= 0))
            {
                if (j == i)
                    cells[2 * i] = '|';
                else if (j > i)
                    cells[(2 * j) - 1] = '\\';
                else
                    cells[(2 * j) + 1] = '/';
            }
        }
        return new Row(cells);
    }

    /// <summary>One row of graph cells; even cells are lanes, odd cells the gaps diagonals cross.</summary>
    public sealed record Row(char[] Cells)
    {
        public bool HasDiagonals => this.Cells.Any(c => c is '/' or '\\');

        public override string ToString() => new string(this.Cells).TrimEnd();
    }
}
