variable "name" {
  description = "Name of the queue"
  type        = string
}

resource "aws_sqs_queue" "this" {
  name = var.nmae
}
